/**
 * The vocabulary the demo catalog is generated from: a category tree, and for every leaf category
 * the brands, product lines, variants and price ranges that make believable products. The
 * generator (catalog.ts) combines them deterministically; nothing here is a product row.
 */

export interface ProductLine {
  /** What the product is, e.g. "Laptop". */
  noun: string;
  /**
   * How a product's name starts, from `{brand}`, `{model}` and `{noun}`; default
   * "{brand} {model} {noun}". Variants follow after a comma.
   */
  title?: string;
  /** Model names; one is picked per product. */
  models: string[];
  /** Each inner list is one attribute; one value of each is picked, e.g. ["16 GB", "32 GB"]. */
  variants: string[][];
  /** Price range in USD cents. */
  price: [number, number];
  /** Sentences that describe this kind of product; two or three are used per product. */
  features: string[];
}

export interface LeafCategory {
  name: string;
  slug: string;
  /** Short code used in SKUs. */
  code: string;
  brands: string[];
  lines: ProductLine[];
}

export interface TopCategory {
  name: string;
  slug: string;
  children: LeafCategory[];
}

export const CATALOG_TREE: TopCategory[] = [
  {
    name: "Electronics",
    slug: "electronics",
    children: [
      {
        name: "Laptops",
        slug: "laptops",
        code: "LAP",
        brands: ["Northwind", "Asteria", "Lumen", "Corvid", "Helix"],
        lines: [
          {
            noun: "Laptop",
            models: ["Aero 14", "Aero 16", "Slate 13", "Forge 15", "Vector 17", "Nimbus 14"],
            variants: [
              ["Intel Core i5", "Intel Core i7", "AMD Ryzen 5", "AMD Ryzen 7"],
              ["8 GB RAM", "16 GB RAM", "32 GB RAM"],
              ["256 GB SSD", "512 GB SSD", "1 TB SSD"],
            ],
            price: [54900, 219900],
            features: [
              "A full-HD IPS display with slim bezels keeps more of the screen in view.",
              "The aluminium chassis weighs under 1.5 kg and survives a daily commute.",
              "All-day battery life of up to 14 hours on a single charge.",
              "A backlit keyboard with 1.5 mm key travel makes long writing sessions comfortable.",
              "Two USB-C ports with charging and display output, plus HDMI and a headphone jack.",
              "Wi-Fi 6E and Bluetooth 5.3 for fast, stable wireless connections.",
              "A 1080p webcam with a physical privacy shutter.",
            ],
          },
          {
            noun: "Chromebook",
            models: ["Go 11", "Go 14", "Flip 12"],
            variants: [
              ["4 GB RAM", "8 GB RAM"],
              ["64 GB eMMC", "128 GB eMMC"],
            ],
            price: [22900, 49900],
            features: [
              "Boots in seconds and updates itself in the background.",
              "A spill-resistant keyboard built for classrooms.",
              "A 360-degree hinge turns it into a tablet.",
              "Up to 12 hours of battery life.",
            ],
          },
        ],
      },
      {
        name: "Smartphones",
        slug: "smartphones",
        code: "PHN",
        brands: ["Orbit", "Lumen", "Kestrel", "Novaro"],
        lines: [
          {
            noun: "Smartphone",
            models: ["One", "One Pro", "Lite", "Max", "Mini", "Edge"],
            variants: [
              ["128 GB", "256 GB", "512 GB"],
              ["Graphite", "Silver", "Ocean Blue", "Sage Green"],
            ],
            price: [29900, 139900],
            features: [
              "A 6.1-inch OLED display at 120 Hz makes scrolling smooth.",
              "The triple camera system shoots 4K video with optical stabilisation.",
              "Fast charging reaches 50% in about 25 minutes.",
              "IP68 water and dust resistance.",
              "Five years of security updates.",
              "A night mode that pulls detail out of dim scenes.",
            ],
          },
        ],
      },
      {
        name: "Headphones",
        slug: "headphones",
        code: "AUD",
        brands: ["Sonora", "Basswell", "Quietline", "Echo & Reed"],
        lines: [
          {
            noun: "Wireless Headphones",
            models: ["Studio 700", "Studio 500", "Travel NC", "Arc"],
            variants: [["Black", "Sand", "Midnight Blue"]],
            price: [7900, 37900],
            features: [
              "Active noise cancellation quiets engines and open offices.",
              "Up to 30 hours of playback, and 3 more hours from a 10-minute charge.",
              "Memory-foam ear cushions stay comfortable for long flights.",
              "Multipoint Bluetooth pairs with a laptop and a phone at once.",
              "A transparency mode lets you hear announcements without taking them off.",
            ],
          },
          {
            noun: "Earbuds",
            models: ["Pods", "Pods Pro", "Sport", "Buds 2"],
            variants: [["White", "Black", "Coral"]],
            price: [3900, 24900],
            features: [
              "A secure fit with three sizes of silicone tips.",
              "The pocket-sized case holds three extra charges.",
              "Sweat- and splash-resistant (IPX4) for workouts.",
              "Touch controls for tracks, calls and volume.",
            ],
          },
        ],
      },
      {
        name: "Cameras",
        slug: "cameras",
        code: "CAM",
        brands: ["Fotona", "Kestrel", "Optiq"],
        lines: [
          {
            noun: "Mirrorless Camera",
            models: ["M10", "M20", "X-Pro", "Z5"],
            variants: [["Body only", "with 18-55 mm lens", "with 24-105 mm lens"]],
            price: [59900, 249900],
            features: [
              "A 24-megapixel full-frame sensor with clean high-ISO performance.",
              "In-body image stabilisation worth up to 5 stops.",
              "Eye-detection autofocus for people and animals.",
              "Weather-sealed magnesium-alloy body.",
              "Uncropped 4K video at 60 frames per second.",
            ],
          },
          {
            noun: "Action Camera",
            models: ["Trail 4", "Trail 5", "Dive"],
            variants: [["Standard kit", "Adventure kit"]],
            price: [19900, 49900],
            features: [
              "Waterproof to 10 metres without a housing.",
              "HyperSmooth stabilisation keeps footage steady on rough trails.",
              "A front-facing screen for framing vlogs.",
            ],
          },
        ],
      },
      {
        name: "Monitors",
        slug: "monitors",
        code: "MON",
        brands: ["Vistara", "Corvid", "Helix"],
        lines: [
          {
            noun: "Monitor",
            models: ["ProView", "Flux", "Panorama", "Clarity"],
            variants: [
              ['24"', '27"', '32"', '34" ultrawide'],
              ["1440p", "4K UHD"],
            ],
            price: [17900, 99900],
            features: [
              "Factory-calibrated colour covering 99% of sRGB.",
              "A height-adjustable stand that tilts, swivels and pivots.",
              "USB-C with 65 W power delivery charges a laptop over one cable.",
              "A flicker-free backlight and low-blue-light mode for long days.",
              "A 144 Hz refresh rate for smooth motion in games.",
            ],
          },
        ],
      },
    ],
  },
  {
    name: "Home & Kitchen",
    slug: "home-kitchen",
    children: [
      {
        name: "Cookware",
        slug: "cookware",
        code: "CKW",
        brands: ["Copperline", "Hearth & Co", "Forgewell", "Maison Lune"],
        lines: [
          {
            noun: "Frying Pan",
            models: ["Classic", "Pro Series", "Everyday"],
            variants: [
              ["20 cm", "24 cm", "28 cm", "30 cm"],
              ["Stainless Steel", "Cast Iron", "Non-Stick"],
            ],
            price: [1999, 12900],
            features: [
              "Works on gas, electric and induction hobs.",
              "Oven-safe up to 260 °C.",
              "A riveted handle that stays cool on the hob.",
              "Even heating from edge to centre with no hot spots.",
              "Dishwasher-safe, though hand washing keeps it like new.",
            ],
          },
          {
            noun: "Dutch Oven",
            models: ["Heritage", "Signature"],
            variants: [
              ["3.5 L", "5.5 L", "7 L"],
              ["Cherry Red", "Slate Grey", "Ivory"],
            ],
            price: [6900, 29900],
            features: [
              "Enamelled cast iron holds heat for slow braises.",
              "A tight-fitting lid keeps moisture in.",
              "Goes from the hob to the oven to the table.",
            ],
          },
        ],
      },
      {
        name: "Small Appliances",
        slug: "small-appliances",
        code: "APL",
        brands: ["Brevio", "Kitchara", "Ovenly", "Hearth & Co"],
        lines: [
          {
            noun: "Blender",
            models: ["Vortex", "PowerBlend", "Smoothie Go"],
            variants: [
              ["1000 W", "1500 W"],
              ["Black", "Stainless"],
            ],
            price: [4900, 39900],
            features: [
              "Crushes ice and frozen fruit in seconds.",
              "Preset programs for smoothies, soups and nut butters.",
              "A BPA-free jug that goes in the dishwasher.",
            ],
          },
          {
            noun: "Air Fryer",
            models: ["Crisp 4", "Crisp 6", "Dual Zone"],
            variants: [["Black", "White"]],
            price: [7900, 22900],
            features: [
              "Crispy results with up to 80% less oil.",
              "A digital display with eight presets.",
              "A non-stick basket that is dishwasher-safe.",
            ],
          },
          {
            noun: "Toaster",
            models: ["Classic", "Long Slot", "Retro"],
            variants: [
              ["2-slice", "4-slice"],
              ["Cream", "Black", "Red"],
            ],
            price: [2999, 11900],
            features: [
              "Six browning levels and a bagel setting.",
              "Extra-wide slots fit thick slices and crumpets.",
              "A removable crumb tray for easy cleaning.",
            ],
          },
        ],
      },
      {
        name: "Coffee & Tea",
        slug: "coffee-tea",
        code: "COF",
        brands: ["Brevio", "Barista Lane", "Kettleworks"],
        lines: [
          {
            noun: "Espresso Machine",
            models: ["Crema", "Crema Plus", "Dual Boiler"],
            variants: [["Brushed Steel", "Matte Black"]],
            price: [19900, 129900],
            features: [
              "15-bar pump pressure for a rich crema.",
              "A steam wand for microfoam and latte art.",
              "Heats up in under a minute.",
              "A built-in conical burr grinder with 30 settings.",
            ],
          },
          {
            noun: "Electric Kettle",
            models: ["Pour-Over", "Variable Temp", "Classic"],
            variants: [
              ["1 L", "1.7 L"],
              ["Stainless", "White", "Black"],
            ],
            price: [2999, 14900],
            features: [
              "Temperature presets for green tea, oolong and coffee.",
              "A gooseneck spout for a precise pour.",
              "Keep-warm mode holds the temperature for an hour.",
            ],
          },
        ],
      },
      {
        name: "Bedding",
        slug: "bedding",
        code: "BED",
        brands: ["Slumberly", "Linen Lane", "Nordhaus"],
        lines: [
          {
            noun: "Duvet Cover Set",
            models: ["Percale", "Sateen", "Washed Linen"],
            variants: [
              ["Single", "Double", "King"],
              ["White", "Sage", "Charcoal", "Dusty Rose"],
            ],
            price: [3900, 18900],
            features: [
              "Woven from long-staple cotton that softens with every wash.",
              "Hidden button closure and corner ties keep the duvet in place.",
              "Certified free of harmful substances.",
            ],
          },
          {
            noun: "Pillow",
            models: ["Cloud", "Support", "Cooling"],
            variants: [["Soft", "Medium", "Firm"]],
            price: [1999, 8900],
            features: [
              "A hypoallergenic fill for allergy sufferers.",
              "A breathable cotton cover that zips off for washing.",
              "Keeps its loft night after night.",
            ],
          },
        ],
      },
    ],
  },
  {
    name: "Sports & Outdoors",
    slug: "sports-outdoors",
    children: [
      {
        name: "Running",
        slug: "running",
        code: "RUN",
        brands: ["Stride", "Fleetfoot", "Tempo Athletics"],
        lines: [
          {
            noun: "Running Shoes",
            models: ["Glide 3", "Glide 4", "Trail Pro", "Racer"],
            variants: [
              ["Men's", "Women's"],
              ["US 7", "US 8", "US 9", "US 10", "US 11"],
            ],
            price: [7900, 21900],
            features: [
              "A responsive foam midsole returns energy with every stride.",
              "An engineered mesh upper that breathes on hot days.",
              "A durable rubber outsole with grip on wet roads.",
              "Reflective details for early-morning runs.",
            ],
          },
          {
            noun: "Running Jacket",
            models: ["Windbreaker", "Thermal", "Rain Shell"],
            variants: [["S", "M", "L", "XL"]],
            price: [4900, 14900],
            features: ["Packs into its own pocket.", "Water-repellent and windproof.", "Zipped pockets hold a phone securely."],
          },
        ],
      },
      {
        name: "Camping & Hiking",
        slug: "camping-hiking",
        code: "CMP",
        brands: ["Summit Gear", "Ridgeline", "Alpenglow"],
        lines: [
          {
            noun: "Tent",
            models: ["Basecamp", "Trailhead", "Ultralight"],
            variants: [["2-person", "3-person", "4-person"]],
            price: [12900, 59900],
            features: [
              "Pitches in under five minutes with colour-coded poles.",
              "A full-coverage rainfly with taped seams.",
              "Two doors and two vestibules for gear.",
              "Packs down to the size of a sleeping bag.",
            ],
          },
          {
            noun: "Sleeping Bag",
            models: ["Down 0°C", "Synthetic 5°C", "Summer 10°C"],
            variants: [["Regular", "Long"]],
            price: [7900, 39900],
            features: ["A draft collar keeps warm air in.", "Compresses into the included stuff sack.", "A two-way zip for ventilation."],
          },
          {
            noun: "Hiking Backpack",
            models: ["Daypack", "Trek", "Expedition"],
            variants: [["22 L", "35 L", "50 L", "65 L"]],
            price: [5900, 29900],
            features: ["An adjustable back system fits most torso lengths.", "A hydration sleeve and hose port.", "Includes a rain cover."],
          },
        ],
      },
      {
        name: "Cycling",
        slug: "cycling",
        code: "CYC",
        brands: ["Veloce", "Crankworks", "Roadrunner"],
        lines: [
          {
            noun: "Bike Helmet",
            models: ["Aero", "Commuter", "Trail"],
            variants: [
              ["S", "M", "L"],
              ["Matte Black", "White", "Hi-Vis Yellow"],
            ],
            price: [4900, 24900],
            features: [
              "MIPS protection against rotational impacts.",
              "Twelve vents keep your head cool.",
              "A dial-fit system for a secure fit.",
            ],
          },
          {
            noun: "Bike Light Set",
            models: ["Beam 400", "Beam 800", "Beam 1200"],
            variants: [["USB rechargeable"]],
            price: [2499, 8900],
            features: ["Front and rear lights with daytime flash modes.", "Tool-free mounts fit most handlebars.", "IPX6 weatherproof."],
          },
        ],
      },
      {
        name: "Fitness",
        slug: "fitness",
        code: "FIT",
        brands: ["IronCore", "Flexa", "Tempo Athletics"],
        lines: [
          {
            noun: "Adjustable Dumbbell",
            models: ["Quick-Select", "Compact"],
            variants: [["2-24 kg", "2-32 kg"]],
            price: [19900, 44900],
            features: [
              "Replaces fifteen pairs of weights.",
              "Change the weight with a turn of the dial.",
              "A compact tray that fits under a bed.",
            ],
          },
          {
            noun: "Yoga Mat",
            models: ["Grip", "Travel", "Cushion"],
            variants: [
              ["4 mm", "6 mm"],
              ["Ocean", "Plum", "Charcoal"],
            ],
            price: [1999, 8900],
            features: ["Non-slip on both sides.", "Free of PVC and latex.", "Comes with a carrying strap."],
          },
        ],
      },
    ],
  },
  {
    name: "Books",
    slug: "books",
    children: [
      {
        name: "Fiction",
        slug: "fiction",
        code: "FIC",
        brands: ["Harbor Press", "Quill & Ink", "Lanternlight Books"],
        lines: [
          {
            noun: "Novel",
            title: "{model}",
            models: [
              "The Salt Road",
              "Winter Orchard",
              "A House of Tides",
              "The Cartographer's Daughter",
              "Northern Lights",
              "Small Hours",
              "The Glass Library",
              "Season of Storms",
              "The Last Ferry",
              "Paper Lanterns",
              "The Quiet Valley",
              "Letters from Lisbon",
              "The Orchard Keeper's Son",
              "Half a Moon",
              "The Weaver of Bell Street",
              "What the River Knew",
            ],
            variants: [["Hardcover", "Paperback", "Large Print"]],
            price: [999, 2999],
            features: [
              "A sweeping story of family, loss and second chances.",
              "Shortlisted for a national fiction prize.",
              "A page-turner that critics called 'impossible to put down'.",
              "Includes a reading group guide.",
            ],
          },
        ],
      },
      {
        name: "Cookbooks",
        slug: "cookbooks",
        code: "CKB",
        brands: ["Harbor Press", "Saffron House"],
        lines: [
          {
            noun: "Cookbook",
            title: "{model}",
            models: [
              "Weeknight Suppers",
              "The Bread Book",
              "Plant-Based Every Day",
              "Flavours of the Mediterranean",
              "One-Pot Wonders",
              "Salt, Smoke & Fire",
              "The Baking Year",
              "Noodles!",
              "Soups for Every Season",
              "The Spice Route Kitchen",
              "Small Plates",
              "Breakfast All Day",
              "The Fermentation Handbook",
              "Sunday Roasts",
              "Quick Asian Classics",
            ],
            variants: [["Hardcover", "Paperback", "Spiral-bound"]],
            price: [1499, 3999],
            features: [
              "Over 100 recipes tested in a home kitchen.",
              "Full-page photographs for every dish.",
              "Shopping lists and make-ahead tips.",
            ],
          },
        ],
      },
      {
        name: "Science & Nature",
        slug: "science-nature",
        code: "SCI",
        brands: ["Lanternlight Books", "Meridian Academic"],
        lines: [
          {
            noun: "Book",
            title: "{model}",
            models: [
              "The Hidden Life of Rivers",
              "A Brief Tour of the Cosmos",
              "Of Bees and Men",
              "The Restless Earth",
              "The Secret Language of Trees",
              "Cells: A User's Manual",
              "Weather Machines",
              "The Deep Ocean",
              "Why Birds Sing",
              "The Story of Light",
              "Fungal Kingdoms",
              "Mapping the Brain",
            ],
            variants: [["Hardcover", "Paperback", "Illustrated Edition"]],
            price: [1299, 3499],
            features: [
              "Written for curious readers, no background needed.",
              "Illustrated with maps and diagrams.",
              "Endnotes for those who want to dig deeper.",
            ],
          },
        ],
      },
    ],
  },
  {
    name: "Toys & Games",
    slug: "toys-games",
    children: [
      {
        name: "Board Games",
        slug: "board-games",
        code: "BGM",
        brands: ["Meeple Works", "Tabletop Co", "Dicehaus"],
        lines: [
          {
            noun: "Board Game",
            title: "{model} {noun}",
            models: [
              "Harbour Masters",
              "Skyward Isles",
              "Lantern Festival",
              "Trade Winds",
              "Castle Keep",
              "Starlight Express",
              "Orchard Rivals",
              "Tidal Kingdoms",
              "The Grand Bazaar",
              "Railway Barons",
              "Moonlit Garden",
              "Dragon's Hoard",
            ],
            variants: [
              ["2-4 players", "2-6 players"],
              ["Standard Edition", "Deluxe Edition"],
            ],
            price: [1999, 6999],
            features: [
              "Learn it in ten minutes, play it for years.",
              "A game lasts 30 to 60 minutes.",
              "Beautifully illustrated components.",
            ],
          },
        ],
      },
      {
        name: "Building Sets",
        slug: "building-sets",
        code: "BLD",
        brands: ["Brickwise", "Constructo"],
        lines: [
          {
            noun: "Building Set",
            title: "{brand} {model} {noun}",
            models: ["City Fire Station", "Space Shuttle", "Pirate Ship", "Castle", "Race Car", "Tree House"],
            variants: [["250 pieces", "600 pieces", "1200 pieces"]],
            price: [1999, 14999],
            features: [
              "Step-by-step illustrated instructions.",
              "Compatible with other major brick brands.",
              "Builds into a model worth displaying.",
            ],
          },
        ],
      },
      {
        name: "Puzzles",
        slug: "puzzles",
        code: "PZL",
        brands: ["Dicehaus", "Jigsaw Lane"],
        lines: [
          {
            noun: "Jigsaw Puzzle",
            models: ["Alpine Village", "Coral Reef", "Night Market", "Botanical Garden", "Old Harbour"],
            variants: [["500 pieces", "1000 pieces", "2000 pieces"]],
            price: [1299, 3999],
            features: ["Precision-cut pieces that fit snugly.", "Printed on recycled board.", "Includes a poster of the finished picture."],
          },
        ],
      },
    ],
  },
  {
    name: "Beauty & Personal Care",
    slug: "beauty-personal-care",
    children: [
      {
        name: "Skincare",
        slug: "skincare",
        code: "SKN",
        brands: ["Lumière", "Dewdrop", "Botanica"],
        lines: [
          {
            noun: "Moisturiser",
            models: ["Daily Hydrating", "Night Repair", "Oil-Free", "Rich Cream"],
            variants: [["50 ml", "100 ml"]],
            price: [1299, 5900],
            features: [
              "With hyaluronic acid and ceramides.",
              "Fragrance-free and dermatologist-tested.",
              "Absorbs quickly without a greasy feel.",
            ],
          },
          {
            noun: "Sunscreen",
            models: ["Daily Fluid", "Sport", "Tinted"],
            variants: [
              ["SPF 30", "SPF 50"],
              ["50 ml", "200 ml"],
            ],
            price: [999, 3499],
            features: ["Broad-spectrum UVA and UVB protection.", "Water-resistant for 80 minutes.", "Leaves no white cast."],
          },
        ],
      },
      {
        name: "Hair Care",
        slug: "hair-care",
        code: "HAI",
        brands: ["Botanica", "Salon Pro", "Silkwave"],
        lines: [
          {
            noun: "Hair Dryer",
            models: ["Ionic 2000", "Compact Travel", "Pro Salon"],
            variants: [["Black", "Rose Gold"]],
            price: [2999, 29900],
            features: ["Ionic technology reduces frizz.", "Three heat and two speed settings.", "A cool-shot button sets your style."],
          },
          {
            noun: "Shampoo",
            models: ["Volume", "Repair", "Sensitive Scalp"],
            variants: [["250 ml", "500 ml"]],
            price: [699, 2499],
            features: ["Sulfate-free formula.", "Safe for colour-treated hair.", "Made with plant-based cleansers."],
          },
        ],
      },
    ],
  },
  {
    name: "Clothing",
    slug: "clothing",
    children: [
      {
        name: "Men's Clothing",
        slug: "mens-clothing",
        code: "MEN",
        brands: ["Harbor & Pine", "Northline", "Woolmark Co"],
        lines: [
          {
            noun: "Shirt",
            models: ["Oxford", "Linen", "Flannel", "Poplin"],
            variants: [
              ["S", "M", "L", "XL"],
              ["White", "Light Blue", "Navy", "Olive"],
            ],
            price: [2999, 8900],
            features: ["Cut from 100% cotton.", "A tailored fit that is not too slim.", "Machine-washable at 30 °C."],
          },
          {
            noun: "Jeans",
            models: ["Straight", "Slim", "Relaxed"],
            variants: [
              ['30"', '32"', '34"', '36"'],
              ["Indigo", "Black", "Stone Wash"],
            ],
            price: [3999, 11900],
            features: ["Stretch denim for all-day comfort.", "Reinforced pockets and rivets.", "Fades beautifully over time."],
          },
        ],
      },
      {
        name: "Women's Clothing",
        slug: "womens-clothing",
        code: "WMN",
        brands: ["Maison Lune", "Northline", "Fable & Thread"],
        lines: [
          {
            noun: "Dress",
            models: ["Wrap", "Shirt", "Midi", "Slip"],
            variants: [
              ["XS", "S", "M", "L", "XL"],
              ["Black", "Terracotta", "Forest Green", "Floral Print"],
            ],
            price: [3999, 14900],
            features: ["A flowing cut that flatters every shape.", "Made from responsibly sourced viscose.", "Has pockets."],
          },
          {
            noun: "Knit Sweater",
            models: ["Cable", "Crew Neck", "Cardigan"],
            variants: [
              ["XS", "S", "M", "L"],
              ["Oatmeal", "Camel", "Navy"],
            ],
            price: [4900, 15900],
            features: ["Knitted from merino wool.", "Warm without bulk.", "Ribbed cuffs and hem."],
          },
        ],
      },
      {
        name: "Shoes",
        slug: "shoes",
        code: "SHO",
        brands: ["Cobble & Co", "Stride", "Harbor & Pine"],
        lines: [
          {
            noun: "Leather Boots",
            models: ["Chelsea", "Chukka", "Work"],
            variants: [
              ["EU 39", "EU 41", "EU 43", "EU 45"],
              ["Brown", "Black", "Tan"],
            ],
            price: [8900, 25900],
            features: ["Full-grain leather uppers.", "A Goodyear-welted sole that can be resoled.", "A cushioned footbed."],
          },
          {
            noun: "Sneakers",
            models: ["Court", "Canvas Low", "Retro Runner"],
            variants: [
              ["EU 37", "EU 39", "EU 41", "EU 43", "EU 45"],
              ["White", "Black", "Grey"],
            ],
            price: [4900, 12900],
            features: ["A vulcanised rubber sole.", "Padded collar and tongue.", "Easy to clean."],
          },
        ],
      },
    ],
  },
  {
    name: "Garden",
    slug: "garden",
    children: [
      {
        name: "Garden Tools",
        slug: "garden-tools",
        code: "GTL",
        brands: ["Greenthumb", "Fieldcraft", "Spade & Fork"],
        lines: [
          {
            noun: "Pruning Shears",
            models: ["Bypass", "Anvil", "Ratchet"],
            variants: [["Standard", "Small Hands"]],
            price: [1499, 5900],
            features: ["Hardened steel blades stay sharp.", "A safety lock for storage.", "Ergonomic non-slip grips."],
          },
          {
            noun: "Cordless Lawn Mower",
            models: ["Mow 34", "Mow 40", "Mow 46"],
            variants: [["with battery", "tool only"]],
            price: [19900, 59900],
            features: ["Mows up to 400 m² on one charge.", "Six cutting heights.", "Folds flat for storage."],
          },
        ],
      },
      {
        name: "Plants & Seeds",
        slug: "plants-seeds",
        code: "PLT",
        brands: ["Greenthumb", "Wildflower Co"],
        lines: [
          {
            noun: "Seed Collection",
            models: [
              "Herb Garden",
              "Wildflower Meadow",
              "Salad Leaves",
              "Heirloom Tomatoes",
              "Chilli Peppers",
              "Pollinator Mix",
              "Microgreens",
              "Cottage Garden",
            ],
            variants: [["6 varieties", "12 varieties", "24 varieties"]],
            price: [799, 2999],
            features: ["Non-GMO, open-pollinated seeds.", "Sowing instructions on every packet.", "Tested for germination."],
          },
        ],
      },
    ],
  },
  {
    name: "Office",
    slug: "office",
    children: [
      {
        name: "Stationery",
        slug: "stationery",
        code: "STN",
        brands: ["Papierhaus", "Inkwell", "Fieldnote"],
        lines: [
          {
            noun: "Notebook",
            models: ["Dotted A5", "Lined A5", "Plain A4", "Grid A5"],
            variants: [
              ["Hardcover", "Softcover"],
              ["Black", "Forest", "Ochre"],
            ],
            price: [899, 2999],
            features: ["100 gsm paper that resists ink bleed.", "Lay-flat binding.", "An elastic closure and a ribbon marker."],
          },
          {
            noun: "Fountain Pen",
            models: ["Classic", "Safari", "Executive"],
            variants: [["Fine nib", "Medium nib"]],
            price: [1999, 14900],
            features: ["A stainless steel nib that writes smoothly.", "Takes cartridges or a converter.", "Comes in a gift box."],
          },
        ],
      },
      {
        name: "Office Furniture",
        slug: "office-furniture",
        code: "OFF",
        brands: ["Ergonova", "Deskwright"],
        lines: [
          {
            noun: "Office Chair",
            models: ["Ergo Mesh", "Executive", "Task"],
            variants: [["Black", "Grey"]],
            price: [14900, 89900],
            features: ["Adjustable lumbar support.", "4D armrests.", "A breathable mesh back.", "A five-year warranty."],
          },
          {
            noun: "Standing Desk",
            models: ["Lift", "Lift Pro"],
            variants: [
              ["120 x 60 cm", "140 x 70 cm", "160 x 80 cm"],
              ["Oak", "White", "Walnut"],
            ],
            price: [29900, 99900],
            features: ["Dual motors raise it smoothly and quietly.", "Four height presets.", "Anti-collision detection."],
          },
        ],
      },
    ],
  },
  {
    name: "Pet Supplies",
    slug: "pet-supplies",
    children: [
      {
        name: "Dogs",
        slug: "dogs",
        code: "DOG",
        brands: ["Pawsome", "Good Boy Co", "Tailwind"],
        lines: [
          {
            noun: "Dog Bed",
            models: ["Orthopedic", "Donut", "Bolster"],
            variants: [
              ["S", "M", "L", "XL"],
              ["Grey", "Brown"],
            ],
            price: [2999, 14900],
            features: ["Memory foam supports ageing joints.", "A removable, washable cover.", "A non-slip base."],
          },
          {
            noun: "Dog Lead",
            models: ["Reflective", "Rope", "Leather"],
            variants: [["1.2 m", "1.8 m"]],
            price: [999, 4900],
            features: ["Reflective stitching for night walks.", "A padded handle.", "A sturdy swivel clip."],
          },
        ],
      },
      {
        name: "Cats",
        slug: "cats",
        code: "CAT",
        brands: ["Whiskerly", "Pawsome"],
        lines: [
          {
            noun: "Cat Tree",
            models: ["Tower", "Lounge", "Compact"],
            variants: [["90 cm", "140 cm", "180 cm"]],
            price: [3999, 19900],
            features: ["Sisal-wrapped scratching posts.", "Several perches and a cosy den.", "A wide, stable base."],
          },
          {
            noun: "Cat Toy Set",
            models: ["Feather Wand", "Mouse Pack", "Puzzle Feeder"],
            variants: [["3 pieces", "6 pieces"]],
            price: [799, 2999],
            features: ["Encourages play and exercise.", "Made from pet-safe materials.", "Catnip-infused."],
          },
        ],
      },
    ],
  },
];
