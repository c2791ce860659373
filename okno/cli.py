"""The `okno` command: run the portal, its worker, seed data and Django's manage commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def _django(settings: str = "okno.settings") -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def _manage(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def cmd_demo(options) -> None:
    """Migrate the embedded database, load demo data once, serve and run the worker."""
    os.environ.setdefault("OKNO_DEBUG", "0")
    os.environ.setdefault("OKNO_BASE_URL", f"http://{_browser_host(options.host)}:{options.port}")
    if options.host not in LOOPBACK:
        os.environ.setdefault("OKNO_ALLOWED_HOSTS", "*")
    _django()
    _manage("migrate", "--no-input", "-v", "0")
    # The demo serves static files the way production does: hashed names from the manifest.
    _manage("collectstatic", "--no-input", "-v", "0")
    from okno.demo.seed import seed_demo_if_empty

    seed_demo_if_empty(stdout=sys.stdout)
    consumer = _start_worker()
    _print_welcome(_browser_host(options.host), options.port)
    import uvicorn

    try:
        uvicorn.run(
            "okno.asgi:application",
            host=options.host,
            port=options.port,
            log_level="info",
            lifespan="off",
        )
    finally:
        consumer.stop()


def _browser_host(host: str) -> str:
    return "127.0.0.1" if host in ("0.0.0.0", "::") else host


def _start_worker():
    """The Huey consumer's threads in this process: tasks run while the demo serves pages."""
    from django.utils.module_loading import autodiscover_modules
    from huey.consumer import Consumer
    from huey.contrib.djhuey import HUEY

    class InProcessConsumer(Consumer):
        def _set_signal_handlers(self):
            # The web server owns this process's signals; the worker stops with it.
            pass

    autodiscover_modules("tasks")
    consumer = InProcessConsumer(HUEY, workers=1, worker_type="thread", periodic=True)
    consumer.start()
    return consumer


def _print_welcome(host: str, port: int) -> None:
    from okno.demo.seed import DEMO_LOGINS, DEMO_PASSWORD

    print(f"\nОкно работает: http://{host}:{port}/\n")
    print(f"Демо-входы (пароль {DEMO_PASSWORD}):")
    for login, role in DEMO_LOGINS:
        print(f"  {login:28} {role}")
    print("\nОстановить: Ctrl+C\n", flush=True)


def cmd_serve(options) -> None:
    """Production: pages and API over WSGI with gunicorn, or the WebSocket part with uvicorn."""
    _django()
    if options.asgi:
        import uvicorn

        uvicorn.run(
            "okno.asgi:application", host=options.host, port=options.port, workers=options.workers
        )
        return
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "gunicorn",
        "okno.wsgi:application",
        f"--bind={options.host}:{options.port}",
        f"--workers={options.workers}",
        "--worker-class=gthread",
        f"--threads={options.threads}",
        "--access-logfile=-",
    ]
    run()


def cmd_worker(options) -> None:
    """Production: a Huey consumer for background tasks (several may run on any nodes)."""
    _django()
    import logging

    # The portal's console handler prints the worker's messages; Huey then adds no second one.
    huey_logger = logging.getLogger("huey")
    huey_logger.addHandler(logging.NullHandler())
    huey_logger.setLevel(logging.INFO)
    _manage("run_huey", "--workers", str(options.workers))


def cmd_seed(options) -> None:
    _django()
    _manage("migrate", "--no-input", "-v", "0")
    from okno.demo.seed import seed

    seed(scale=options.scale, stdout=sys.stdout, orders=options.orders)


def cmd_manage(options) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "okno.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["okno manage", *options.args])


def cmd_exchange_import(options) -> None:
    """Import 1C exchange files from the command line, each with a progress bar."""
    _django()
    from okno.exchange.command import exchange_files_import

    status = exchange_files_import(paths=options.files, out=sys.stdout, err=sys.stderr)
    if status:
        sys.exit(status)


def cmd_import_finance(options) -> None:
    """Import settlement documents of 1C (docs/finance-exchange.md), XML or JSON files."""
    _django()
    from okno.finance.importing.load import finance_file_import

    failed = False
    for path in options.files:
        if not path.is_file():
            print(f"{path}: file not found", file=sys.stderr)
            failed = True
            continue
        result = finance_file_import(actor=None, path=path)
        counts = ", ".join(
            f"{name} {value}" for name, value in result.as_dict().items() if name != "errors"
        )
        print(f"{path.name}: {counts}")
        for error in result.errors:
            print(error, file=sys.stderr)
        failed = failed or bool(result.errors)
    if failed:
        sys.exit(1)


def cmd_compile_messages(options) -> None:
    compile_messages(Path(__file__).parent)


def compile_messages(root: Path) -> None:
    """Compile the .po catalogues with polib, so no GNU gettext is needed to run the portal."""
    import polib

    for po_path in sorted(root.glob("locale/*/LC_MESSAGES/*.po")):
        polib.pofile(str(po_path)).save_as_mofile(str(po_path.with_suffix(".mo")))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="okno", description="Окно — личный кабинет клиента")
    sub = parser.add_subparsers(dest="command", required=True)

    demo = sub.add_parser("demo", help="демо: база, данные, сервер и фоновые задачи")
    demo.add_argument("--host", default="127.0.0.1")
    demo.add_argument("--port", type=int, default=8000)
    demo.set_defaults(handler=cmd_demo)

    serve = sub.add_parser("serve", help="сервер для эксплуатации (gunicorn или uvicorn --asgi)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=2)
    serve.add_argument("--threads", type=int, default=4)
    serve.add_argument("--asgi", action="store_true", help="WebSocket-часть (/ws/) через uvicorn")
    serve.set_defaults(handler=cmd_serve)

    worker = sub.add_parser("worker", help="обработчик фоновых задач")
    worker.add_argument("--workers", type=int, default=2)
    worker.set_defaults(handler=cmd_worker)

    seed = sub.add_parser(
        "seed",
        help="демо- и нагрузочные данные",
        description=(
            "Демо- и нагрузочные данные. Заказов за год: small — 1 500, medium — 50 000, "
            "large — 1 000 000 на PostgreSQL и 200 000 на SQLite."
        ),
    )
    seed.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    seed.add_argument(
        "--orders", type=int, help="сколько заказов сгенерированных клиентов вместо числа масштаба"
    )
    seed.set_defaults(handler=cmd_seed)

    manage = sub.add_parser("manage", help="команды Django (manage.py)", add_help=False)
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(handler=cmd_manage)

    exchange = sub.add_parser("exchange", help="обмен с 1С")
    exchange_sub = exchange.add_subparsers(dest="exchange_command", required=True)
    exchange_import = exchange_sub.add_parser(
        "import",
        help="загрузить файлы обмена (CommerceML) с индикатором хода",
        description="Загрузить файлы обмена по очереди: классификатор раньше предложений.",
    )
    exchange_import.add_argument("files", nargs="+", type=Path, metavar="FILE")
    exchange_import.set_defaults(handler=cmd_exchange_import)

    finance = sub.add_parser(
        "import-finance",
        help="загрузить документы взаиморасчётов из 1С (XML или JSON)",
        description="Загрузить документы взаиморасчётов, их файлы и начальные остатки "
        "(формат: docs/finance-exchange.md). Повторная загрузка ничего не задваивает.",
    )
    finance.add_argument("files", nargs="+", type=Path, metavar="FILE")
    finance.set_defaults(handler=cmd_import_finance)

    messages = sub.add_parser("compile-messages", help="собрать переводы интерфейса")
    messages.set_defaults(handler=cmd_compile_messages)
    return parser


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["manage"]:
        # Everything after `manage`, options and --help included, belongs to Django.
        cmd_manage(argparse.Namespace(args=argv[1:]))
        return
    options = build_parser().parse_args(argv)
    options.handler(options)


if __name__ == "__main__":
    main()
