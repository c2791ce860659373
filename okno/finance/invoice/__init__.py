"""The invoice for payment («Счет на оплату») in 1C's customary layout: VAT per line and
rate (`vat`), amounts and dates in words (`words`), the ГОСТ Р 56042-2014 payment QR code
(`qr`), the document as one value (`document`), the order's invoice (`selectors`), and its
PDF (`pdf`) and XLSX (`xlsx`) files."""
