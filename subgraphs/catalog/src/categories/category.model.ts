/** A node of the category tree. */
export interface Category {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
}
