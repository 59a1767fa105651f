/**
 * A product as inventory knows it: only the id. The catalog owns everything else; the router
 * joins the two through the `Product @key(fields: "id")` entity.
 */
export interface ProductRef {
  id: string;
}
