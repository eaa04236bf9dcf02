-- sqlite3 in memory: bulk insert, index build, joins, grouping, sorting, window.
CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO t SELECT i, (i * 7919) % 10007, 'row' || (i % 1000), (i % 977) / 7.0 FROM n;
CREATE INDEX t_a ON t(a);
CREATE INDEX t_b ON t(b);
SELECT count(*), sum(a), round(sum(c), 3) FROM t;
SELECT b, count(*), round(avg(c), 4) FROM t GROUP BY b ORDER BY 3 DESC, 1 LIMIT 5;
SELECT count(*) FROM t x JOIN t y ON x.a = y.id WHERE x.id % 10 = 0;
SELECT sum(r) FROM (SELECT rank() OVER (PARTITION BY b ORDER BY c, id) AS r FROM t WHERE id % 4 = 0);
SELECT a FROM t ORDER BY c DESC, b, id LIMIT 3;
