import { Readable, Writable } from 'node:stream';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError } from '../lib/errors.js';
import { estimateCommand } from './estimate.js';

const UK = `LA,NG,PF,GO,GP,NCA,count
1,0,0,0,0,0,54
0,1,0,0,0,0,463
0,0,1,0,0,0,907
0,0,0,1,0,0,695
0,0,0,0,1,0,316
0,0,0,0,0,1,57
1,1,0,0,0,0,15
1,0,1,0,0,0,19
1,0,0,1,0,0,3
0,1,1,0,0,0,56
0,1,0,1,0,0,19
0,1,0,0,1,0,1
0,1,0,0,0,1,3
0,0,1,1,0,0,69
0,0,1,0,1,0,10
0,0,1,0,0,1,31
0,0,0,1,1,0,8
0,0,0,1,0,1,6
0,0,0,0,1,1,1
1,1,1,0,0,0,1
1,1,0,1,0,0,1
0,1,1,1,0,0,4
0,1,1,0,0,1,3
0,0,1,1,0,1,1
1,1,1,1,0,0,1
`;

const WESTERN = `A,B,C,D,E,count
1,0,0,0,0,52
0,1,0,0,0,90
0,0,1,0,0,114
0,0,0,1,0,45
0,0,0,0,1,21
1,0,1,0,0,4
1,0,0,1,0,2
1,0,0,0,1,5
0,1,1,0,0,6
0,1,0,1,0,1
0,0,0,1,1,3
1,0,1,0,1,1
0,1,1,1,0,1
`;

/** Runs `jaga estimate …args` in-process on `input` as stdin and returns what it printed. */
async function run(input: string, ...args: string[]): Promise<string> {
  let out = '';
  const stdout = new Writable({
    write(chunk, _encoding, done) {
      out += String(chunk);
      done();
    },
  });
  const program = new Command('jaga').exitOverride().configureOutput({ writeErr: () => {} });
  program.addCommand(
    estimateCommand({ stdin: Readable.from([input]), stdout, stderr: process.stderr })
      .exitOverride()
      .configureOutput({ writeErr: () => {} }),
  );
  await program.parseAsync(['node', 'jaga', 'estimate', ...args]);
  return out;
}

describe('jaga estimate', () => {
  it('prints the JSON estimate for the UK data (stepwise, profile interval)', async () => {
    const result = JSON.parse(await run(UK, '-'));
    expect(Object.keys(result).slice(0, 7)).toEqual([
      'lists',
      'observed',
      'method',
      'terms',
      'estimate',
      'interval',
      'warnings',
    ]);
    expect(result.lists).toEqual(['LA', 'NG', 'PF', 'GO', 'GP', 'NCA']);
    expect(result.observed).toBe(2744);
    expect(result.method).toBe('stepwise');
    expect(result.terms).toHaveLength(7);
    expect(result.estimate).toBeCloseTo(11417.99, 2);
    expect(result.interval).toMatchObject({ level: 0.95, kind: 'profile' });
    expect(result.interval.low).toBeCloseTo(9982.3, 1);
    expect(result.interval.high).toBeCloseTo(13181.7, 1);
  });

  it('bootstraps a BCa interval reproducibly with --bootstrap and --seed', async () => {
    const a = JSON.parse(await run(WESTERN, '--bootstrap', '20', '--seed', '7'));
    const b = JSON.parse(await run(WESTERN, '--bootstrap', '20', '--seed', '7'));
    expect(a.interval.kind).toBe('bca');
    expect(a.interval).toEqual(b.interval);
    expect(a.estimate).toBeCloseTo(2483.384, 3);
  });

  it('runs the other methods and options', async () => {
    const bic = JSON.parse(await run(WESTERN, '--method', 'bic', '--max-order', '2'));
    expect(bic.terms).toEqual(['A:E']);
    const aic = JSON.parse(await run(UK, '--method', 'aic-stepwise', '--pthresh', '0.001'));
    expect(aic.estimate).toBeCloseTo(14217.81, 2);
    const main = JSON.parse(
      await run(UK, '--method', 'main', '--interval', 'wald', '--level', '0.8'),
    );
    expect(main.terms).toEqual([]);
    expect(main.interval).toMatchObject({ level: 0.8, kind: 'wald' });
    const fixed = JSON.parse(await run(WESTERN, '--method', 'fixed', '--terms', 'A:E'));
    expect(fixed.estimate).toBeCloseTo(2483.384, 3);
  });

  it('prints a table with --format table', async () => {
    const table = await run(WESTERN, '--format', 'table');
    expect(table).toMatch(/Estimate\s+2,483/);
    expect(table).toMatch(/95% interval\s+[\d,]+ to [\d,]+ \(profile likelihood\)/);
    expect(table).toMatch(/Model\s+\[A:E\]/);
  });

  it.each([
    ['A,B,count\n1,0,5\n0,2,4\n1,1,3\n', /line 3, column 'B': history cells must be 0 or 1/],
    ['A,B,total\n1,0,5\n', /no 'count' column/],
    ['A,B,count\n1,0,5\n0,1,4\n1,0,3\n', /line 4 repeats the history 10 of line 2/],
    ['A,count\n1,5\n', /at least 2 lists/],
    ['A,B,count\n1,0,5\n0,1,4\n', /does not exist.*no one appears on both lists of A:B/],
  ])('fails with a clear message for bad input %#', async (input, message) => {
    const failure = run(input);
    await expect(failure).rejects.toBeInstanceOf(CliError);
    await expect(failure).rejects.toThrow(message);
  });

  it('names the file in data errors and uses exit code 2 for bad input', async () => {
    try {
      await run('A,B,count\n1,0,x\n');
      expect.unreachable();
    } catch (error) {
      expect((error as CliError).message).toMatch(/^stdin: line 2: count must be/);
      expect((error as CliError).exitCode).toBe(2);
    }
  });

  it('rejects bad option values before reading data', async () => {
    await expect(run(WESTERN, '--bootstrap', 'many')).rejects.toBeInstanceOf(CommanderError);
    await expect(run(WESTERN, '--bootstrap', '20', '--seed', '4294967296')).rejects.toThrow(
      /--seed must be a whole number from 0 to 4294967295, got '4294967296'/,
    );
    await expect(run(WESTERN, '--pthresh', '2')).rejects.toBeInstanceOf(CommanderError);
    await expect(run(WESTERN, '--method', 'fixed')).rejects.toThrow(/needs --terms/);
    await expect(run(WESTERN, '--max-order', '2')).rejects.toThrow(/--method bic only/);
    await expect(run(WESTERN, '--bootstrap', '10', '--interval', 'wald')).rejects.toThrow(
      /with --bootstrap the interval is BCa/,
    );
  });
});
