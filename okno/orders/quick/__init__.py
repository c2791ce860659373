"""The quick order: paste lines or upload a CSV or XLSX file of `article;quantity[;unit]`,
see each line found, unknown, ambiguous, off the product's rules or short of stock, fix
the lines and add the good ones to a cart — without losing any line that was pasted.

`parse` and `files` read text and files into lines (pure), `match` finds the products,
`preview` checks each line (a selector), `services` adds the good lines to the cart;
`views`, `urls` and `api` are the page and the API over them.
"""
