-- Built without blocking writes; Flyway runs this script outside a
-- transaction because of V4__index_created_at.sql.conf.
CREATE INDEX CONCURRENTLY IF NOT EXISTS orders_created_at_idx ON orders (created_at);
