-- sqlite3 on a database file: journal, fsync, file locking, a second open
PRAGMA journal_mode = WAL;
CREATE TABLE kv(k TEXT PRIMARY KEY, v BLOB, t TEXT);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO kv SELECT 'key' || i, zeroblob(i % 50), 'v' || i FROM n;
COMMIT;
SELECT count(*), sum(length(v)), sum(length(t)) FROM kv;
PRAGMA integrity_check;
VACUUM;
PRAGMA page_count;
