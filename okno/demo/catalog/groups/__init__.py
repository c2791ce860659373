"""The demo catalog's product group tree: top groups, their branches and leaf groups with
the product families in them. The order is part of the data: product number `n` belongs
to the same leaf on every run."""

from okno.demo.catalog.groups import electrical, fasteners, mixes, paints, plumbing, tools
from okno.demo.catalog.leaf import Leaf, Top

TREE: tuple[Top, ...] = (
    fasteners.TOP,
    electrical.TOP,
    tools.TOP,
    plumbing.TOP,
    paints.TOP,
    mixes.TOP,
)

LEAVES: tuple[Leaf, ...] = tuple(
    leaf for _top, branches in TREE for _branch, leaves in branches for leaf in leaves
)
