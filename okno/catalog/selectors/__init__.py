"""What the catalog pages and the catalog API show: a page of products with the person's
prices and stock, the group tree and the filters beside it; one product in full.

A client's person sees active products at the prices of their current legal entity's
contract and the stock of the contract's warehouse (the default warehouse when it names
none); staff who work with clients see every product, archived ones too, at the base
price type. Each read runs a fixed number of queries whatever the number of rows.
"""

from okno.catalog.selectors.listing import (
    PER_PAGE,
    SORTS,
    CatalogFilters,
    CatalogRow,
    RowUnit,
    catalog_list,
    catalog_products,
    catalog_rows,
)
from okno.catalog.selectors.page import MAX_PER_PAGE, CatalogPage, GroupNode, catalog_page
from okno.catalog.selectors.price_list import PriceList, PriceListLine, catalog_price_list
from okno.catalog.selectors.product import ProductDetail, WarehouseStock, product_detail
from okno.catalog.selectors.viewer import CatalogViewer, catalog_allowed, catalog_viewer

__all__ = [
    "MAX_PER_PAGE",
    "PER_PAGE",
    "SORTS",
    "CatalogFilters",
    "CatalogPage",
    "CatalogRow",
    "CatalogViewer",
    "GroupNode",
    "PriceList",
    "PriceListLine",
    "ProductDetail",
    "RowUnit",
    "WarehouseStock",
    "catalog_allowed",
    "catalog_list",
    "catalog_page",
    "catalog_price_list",
    "catalog_products",
    "catalog_rows",
    "catalog_viewer",
    "product_detail",
]
