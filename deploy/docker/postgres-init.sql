-- One database per subgraph on the single-host PostgreSQL (docker-compose.yml), and one for the
-- event queue (pg-boss). A new subgraph adds its line here.
CREATE DATABASE catalog;
CREATE DATABASE users;
CREATE DATABASE inventory;
CREATE DATABASE cart;
CREATE DATABASE orders;
CREATE DATABASE payments;
CREATE DATABASE notifications;
CREATE DATABASE comments;
CREATE DATABASE events;
