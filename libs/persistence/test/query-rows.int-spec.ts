import { DataSource } from 'typeorm';
import { resetDatabase, testDatabaseUrl } from '@lib/testing';
import { queryRows } from '../src/query-rows';

const URL = testDatabaseUrl('persistence_rows');
let ds: DataSource;

beforeAll(async () => {
  await resetDatabase(URL);
  ds = new DataSource({ type: 'postgres', url: URL });
  await ds.initialize();
  await ds.query(`CREATE TABLE t (id int PRIMARY KEY, v text)`);
});

afterAll(() => ds?.destroy());

describe(queryRows.name, () => {
  it('answers the RETURNING rows of INSERT, UPDATE and DELETE alike, and a SELECT’s rows', async () => {
    expect(await queryRows(ds, `INSERT INTO t VALUES (1, 'a'), (2, 'b') RETURNING id`)).toEqual([
      { id: 1 },
      { id: 2 },
    ]);
    // TypeORM itself answers these two with [rows, rowCount].
    expect(await ds.query(`UPDATE t SET v = v WHERE id = 1 RETURNING id`)).toEqual([[{ id: 1 }], 1]);
    expect(await queryRows(ds, `UPDATE t SET v = 'c' WHERE id > $1 RETURNING id, v`, [0])).toEqual([
      { id: 1, v: 'c' },
      { id: 2, v: 'c' },
    ]);
    expect(await queryRows(ds, `UPDATE t SET v = 'd' WHERE id = 9 RETURNING id`)).toEqual([]);
    expect(await queryRows(ds.manager, `DELETE FROM t WHERE id = 2 RETURNING v`)).toEqual([{ v: 'c' }]);
    expect(await queryRows(ds, `SELECT id FROM t ORDER BY id`)).toEqual([{ id: 1 }]);
    expect(await queryRows(ds, `SELECT id FROM t WHERE false`)).toEqual([]);
  });
});
