"""Demo and load orders: a year of orders of the generated clients (`load`), planned with
no database (`plans`) from facts read in a few queries (`facts`), and the demo clients' own
orders (`demo`)."""
