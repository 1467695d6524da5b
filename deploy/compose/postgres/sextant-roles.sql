-- The database sextant's roles and schemas for deploy/compose (run once, on an empty data volume, by
-- initdb.d/10-sextant-roles.sh, which passes the passwords from the environment as psql variables; none is written
-- here). The same layout as the local stack's (deploy/local/infra.sh, postgres_bootstrap): one LOGIN role per service,
-- named like its schema (sextant.db.schema), owning that schema and nothing else; PUBLIC loses CONNECT/TEMP on the
-- database and CREATE on schema public. The database itself (POSTGRES_DB=sextant) belongs to the superuser postgres,
-- the administration login of this stack (the local stack's admin role `sextant` is not created).
\set ON_ERROR_STOP on
SET log_statement = 'none';

REVOKE ALL ON DATABASE sextant FROM PUBLIC;
REVOKE ALL ON DATABASE postgres FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

CREATE ROLE gateway WITH LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'gateway_password';
GRANT CONNECT ON DATABASE sextant TO gateway;
CREATE SCHEMA gateway AUTHORIZATION gateway;

CREATE ROLE collector WITH LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'collector_password';
GRANT CONNECT ON DATABASE sextant TO collector;
CREATE SCHEMA collector AUTHORIZATION collector;

CREATE ROLE feature WITH LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'feature_password';
GRANT CONNECT ON DATABASE sextant TO feature;
CREATE SCHEMA feature AUTHORIZATION feature;

CREATE ROLE prediction WITH LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'prediction_password';
GRANT CONNECT ON DATABASE sextant TO prediction;
CREATE SCHEMA prediction AUTHORIZATION prediction;

CREATE ROLE risk WITH LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'risk_password';
GRANT CONNECT ON DATABASE sextant TO risk;
CREATE SCHEMA risk AUTHORIZATION risk;

CREATE ROLE execution WITH LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'execution_password';
GRANT CONNECT ON DATABASE sextant TO execution;
CREATE SCHEMA execution AUTHORIZATION execution;
