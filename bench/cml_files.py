"""CommerceML files of any size for the exchange benchmark or a trial of a 1C exchange:

    python -m bench.cml_files --shape 2.07|package --products N --out DIR
                              [--version 2.09|3.1] [--groups 300] [--properties 50]
                              [--price-types 20] [--warehouses 10] [--characteristics 0]
                              [--changed 0 [--only-changed]] [--seed 1] [--zip]

The same options give the same files; `--changed` moves that share of products to their
next revision, `--only-changed` writes only those (a partial exchange).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from okno.exchange.generate import CatalogSpec, cml_archive_write, cml_files_write


def parse_options(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.cml_files", description=__doc__)
    parser.add_argument("--shape", choices=("2.07", "package"), default="2.07")
    parser.add_argument("--version", choices=("2.09", "3.1"), default="2.09", help="of a package")
    parser.add_argument("--products", type=int, default=200_000)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--properties", type=int, default=50)
    parser.add_argument("--price-types", type=int, default=20)
    parser.add_argument("--warehouses", type=int, default=10)
    parser.add_argument("--characteristics", type=float, default=0.0)
    parser.add_argument("--changed", type=float, default=0.0)
    parser.add_argument("--only-changed", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--zip", action="store_true", help="also one archive of the files")
    parser.add_argument("--out", type=Path, required=True)
    return parser.parse_args(argv)


def spec_of(options: argparse.Namespace) -> CatalogSpec:
    return CatalogSpec(
        products=options.products,
        groups=options.groups,
        properties=options.properties,
        price_types=options.price_types,
        warehouses=options.warehouses,
        characteristics=options.characteristics,
        changed=options.changed,
        only_changed=options.only_changed,
        seed=options.seed,
        version="2.07" if options.shape == "2.07" else options.version,
    )


def main(argv: list[str] | None = None) -> None:
    options = parse_options(argv)
    started = time.perf_counter()
    files = cml_files_write(spec=spec_of(options), folder=options.out)
    for generated in files:
        size_mb = generated.path.stat().st_size / 2**20
        print(
            f"{generated.name}: {size_mb:.1f} MB, {generated.products} products, "
            f"{generated.offers} offers, {generated.prices} prices, {generated.stocks} stocks"
        )
    if options.zip:
        archive = cml_archive_write(files=files, path=options.out / "v8_exchange.zip")
        print(f"{archive.name}: {archive.stat().st_size / 2**20:.1f} MB")
    print(f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
