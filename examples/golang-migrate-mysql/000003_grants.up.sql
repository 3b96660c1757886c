GRANT ALL PRIVILEGES ON app.* TO 'reporting'@'%';
DELETE FROM users;
