UPDATE orders SET status = 'new';
