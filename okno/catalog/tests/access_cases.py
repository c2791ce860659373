"""Routes of the catalog that take an object id. Products are the company's, not any
client's: everyone who may browse the catalog sees the same products (only the prices and
the warehouse differ), so there is no other client's product to refuse. Archived products
are hidden from clients; the catalog tests check that they answer 404."""

from okno.core.testing.access import AccessCase, ExemptRoute

_PRODUCTS = "products belong to the company, not to a client; archived ones are 404 for clients"

CASES: list[AccessCase] = []
EXEMPT = [
    ExemptRoute("catalog:product", _PRODUCTS),
    ExemptRoute("api:catalog_product_detail", _PRODUCTS),
]
