import { threadgraph } from '../support/cli';

describe('the threadgraph command line', () => {
  it('lists its commands on --help and exits 0', () => {
    const r = threadgraph(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: threadgraph <command>/);
    expect(r.stdout).toMatch(/^ {2}migrate +apply the constraints/m);
  });

  it('refuses an unknown command or option with exit code 2 and says what it expected', () => {
    const unknown = threadgraph(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
    const option = threadgraph(['migrate', '--bogus']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/Unknown option '--bogus'/);
    expect(option.stderr).toMatch(/Usage: threadgraph migrate/);
  });

  it('migrates the configured database, logging to stderr and printing no data', () => {
    const r = threadgraph(['migrate']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const log = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; applied?: string[] })
      .find((l) => l.msg === 'migrations applied');
    expect(log?.applied).toContain('001-interaction-id-unique.cypher');
  });

  it('stops on a wrong configuration with the list of problems and exit code 1', () => {
    const r = threadgraph(['migrate'], { NEO4J_URI: 'http://nope', PORT: 'x' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/NEO4J_URI must be a bolt:\/\/ or neo4j:\/\//);
    expect(r.stderr).toMatch(/PORT must be an integer/);
  });
});
