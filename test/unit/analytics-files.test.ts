import fs from 'node:fs';
import path from 'node:path';
import { csvField, csvLine, EXPORT_COLUMNS, FRACTIONAL_COLUMNS, lineOf } from '../../src/analytics';
import { cypherDir, loadQueries, statementFiles, withoutBrowserCommands } from '../../src/cypher';

/** The analysts' Cypher files: each can be pasted into Neo4j Browser as it is, :param lines first. */
const files = statementFiles(cypherDir())
  .filter((name) => name.startsWith('analytics/') || name.startsWith('export/'))
  .map((name) => ({ name, text: fs.readFileSync(path.join(cypherDir(), `${name}.cypher`), 'utf8') }));

describe('the analytics and export Cypher files', () => {
  it('are one per figure group and export', () => {
    expect(files.map((f) => f.name).sort()).toEqual(
      [
        'analytics/agents',
        'analytics/channel-transitions',
        'analytics/handle-time',
        'analytics/journeys',
        'analytics/repeat-contact',
        'analytics/stitching-quality',
        'analytics/time-series',
        'analytics/volume',
        'export/count-threads',
        'export/edges',
        'export/interactions',
        'export/threads',
      ].sort(),
    );
  });

  it.each(files.map((f) => [f.name, f.text] as const))(
    '%s opens with a comment, then a :param line for every parameter it uses',
    (_name, text) => {
      const lines = text.split('\n');
      expect(lines[0]).toMatch(/^\/\/ \S/);
      const params = lines.filter((l) => l.startsWith(':param ')).map((l) => /^:param (\w+) => .+;$/.exec(l)?.[1]);
      const code = withoutBrowserCommands(text).replace(/\/\/.*$/gm, '');
      const used = [...new Set([...code.matchAll(/\$(\w+)/g)].map((m) => m[1]))];
      expect([...params].sort()).toEqual([...used].sort());
      // The :param lines come before the statement, so a paste sets them first.
      const firstCode = lines.findIndex((l) => l.trim() !== '' && !l.startsWith('//') && !l.startsWith(':param'));
      expect(lines.slice(firstCode).some((l) => l.startsWith(':param'))).toBe(false);
    },
  );

  it('reach the driver without their :param lines', () => {
    const q = loadQueries();
    expect(q['analytics/volume']).not.toMatch(/^:param/m);
    expect(q['analytics/volume']).toMatch(/^MATCH \(t:Thread \{tenant: \$tenant\}\)/m);
  });
});

describe('export files', () => {
  it('quote CSV fields only where needed, leave nulls empty and join lists with |', () => {
    expect(csvLine(['a', 1.5, null, ['AG-1', 'AG-2'], [], 'x,y', 'say "hi"', '', 'line\nbreak'])).toBe(
      'a,1.5,,AG-1|AG-2,,"x,y","say ""hi""","","line\nbreak"\n',
    );
    expect(csvField('2026-03-27T09:00:00.000Z')).toBe('2026-03-27T09:00:00.000Z');
  });

  it('write seconds with a decimal point, so a reader sampling the first rows types the column as a double', () => {
    const row = { id: 'i', handleTimeSeconds: 1200, talkSeconds: 12.5, holdSeconds: null, depth: 2 };
    const columns = ['id', 'handleTimeSeconds', 'talkSeconds', 'holdSeconds', 'depth'];
    expect(lineOf('csv', row, columns, FRACTIONAL_COLUMNS)).toBe('i,1200.0,12.5,,2\n');
    expect(lineOf('ndjson', row, columns, FRACTIONAL_COLUMNS)).toBe(
      '{"id":"i","handleTimeSeconds":1200.0,"talkSeconds":12.5,"holdSeconds":null,"depth":2}\n',
    );
  });

  it('write the columns in their declared order whatever order the row has', () => {
    const row = {
      childId: 'b',
      parentId: 'a',
      reason: 'TRANSFER',
      threadId: 't',
      parentChannel: 'VOICE',
      childChannel: 'VOICE',
      createdAt: null,
    };
    expect(lineOf('csv', row, EXPORT_COLUMNS.edges)).toBe('a,b,t,TRANSFER,VOICE,VOICE,\n');
    expect(lineOf('ndjson', row, EXPORT_COLUMNS.edges)).toBe(
      '{"parentId":"a","childId":"b","threadId":"t","reason":"TRANSFER","parentChannel":"VOICE","childChannel":"VOICE","createdAt":null}\n',
    );
  });
});
