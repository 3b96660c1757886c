CREATE OR REPLACE VIEW ${schema}.order_totals AS
SELECT customer_id, sum(total) AS total
FROM orders
GROUP BY customer_id;
