-- One database per subgraph on the single-host PostgreSQL (docker-compose.yml).
-- Later subgraphs add their line here.
CREATE DATABASE catalog;
