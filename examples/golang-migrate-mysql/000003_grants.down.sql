REVOKE ALL PRIVILEGES ON app.* FROM 'reporting'@'%';
