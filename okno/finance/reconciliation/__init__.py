"""«Акт сверки взаимных расчетов»: the act read from the ledger, on screen, as PDF and XLSX."""
