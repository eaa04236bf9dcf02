-- sqlite3: tables, recursive CTE, aggregates, joins, window functions, json, printf
CREATE TABLE city(id INTEGER PRIMARY KEY, name TEXT, pop INTEGER);
INSERT INTO city(name, pop) VALUES ('Oslo', 709000), ('Lima', 10883000), ('Pune', 3124000),
  ('Kyiv', 2952000), ('Bonn', 336000), ('Nice', 342000);
CREATE TABLE person(id INTEGER PRIMARY KEY, name TEXT, city INTEGER, score REAL, born TEXT);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO person(name, city, score, born)
  SELECT 'p' || i, 1 + (i * 7) % 6, (i * 37 % 1000) / 10.0, date('1970-01-01', '+' || (i * 13) || ' days') FROM n;
CREATE INDEX person_city ON person(city);
SELECT count(*), sum(score), avg(score), min(born), max(born) FROM person;
SELECT c.name, count(*), printf('%.3f', avg(p.score)), max(p.score) FROM person p JOIN city c ON c.id = p.city
  GROUP BY c.name ORDER BY c.name;
SELECT name, score, rank() OVER (ORDER BY score DESC, id) FROM person WHERE id % 997 = 0 ORDER BY 3 LIMIT 10;
SELECT city, sum(score) OVER (PARTITION BY city ORDER BY id ROWS 2 PRECEDING) FROM person WHERE id < 15;
SELECT json_object('city', name, 'pop', pop, 'ratio', pop / 1e6), json_array(1, 2.5, 'x', NULL) FROM city;
SELECT json_extract('{"a": {"b": [10, 20, 30]}}', '$.a.b[1]'), json_group_array(name) FROM city;
SELECT printf('%08.3f|%e|%x|%5s|%-5s|', 3.14159, 12345.678, 255, 'ab', 'cd'), 1e308 * 10, 7 / 2, 7 / 2.0, -7 % 3;
SELECT strftime('%Y-%m-%d %H:%M:%S %j %w', 1700000000, 'unixepoch'), julianday('2000-01-01'), date('2024-02-29', '+1 year');
SELECT upper(substr(name, 2)), length(name), replace(name, 'o', '0'), instr(name, 'i'), hex(name) FROM city ORDER BY pop DESC;
SELECT group_concat(name, '/') FROM (SELECT name FROM city ORDER BY pop);
SELECT sum(x), total(x), round(avg(x), 6) FROM (SELECT (rowid * 1.1) AS x FROM person);
UPDATE person SET score = score * 2 WHERE city = 3;
DELETE FROM person WHERE score > 150;
SELECT count(*), sum(score) FROM person;
SELECT typeof(1), typeof(1.0), typeof('x'), typeof(NULL), typeof(x'00'), 9223372036854775807 + 1, abs(-9223372036854775807);
