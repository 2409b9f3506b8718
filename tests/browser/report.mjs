// report.mjs: a node:test reporter that prints one line per top-level test,
// "BROWSER ok NAME" or "BROWSER not ok NAME", with the failure as "#" lines,
// and "BROWSER plan N" at the end.
// t4001-browser.sh turns them into its TAP lines, so tests/run counts each
// browser test once. A skipped or todo test is not a pass.
function clean(name) {
  return String(name).replace(/[\r\n#]+/g, ' ').trim();
}

function describe(error) {
  if (!error) return [];
  // The test's own error is the cause of the runner's wrapper.
  const e = error.cause || error;
  const text = (e && (e.stack || e.message)) || String(e);
  const lines = text.split('\n').slice(0, 40);
  if (e && e.actual !== undefined && e.expected !== undefined && !(e.expected instanceof RegExp) &&
      !/\n\+ |\n- /.test(text))
    lines.push(`actual: ${JSON.stringify(e.actual)}`, `expected: ${JSON.stringify(e.expected)}`);
  return lines;
}

export default async function* report(source) {
  for await (const event of source) {
    const data = event.data || {};
    if ((event.type === 'test:pass' || event.type === 'test:fail') && data.nesting === 0) {
      const skipped = data.skip !== undefined || data.todo !== undefined;
      const passed = event.type === 'test:pass' && !skipped;
      let out = `BROWSER ${passed ? 'ok' : 'not ok'} ${clean(data.name)}\n`;
      if (skipped) out += '# skipped or todo: counted as a failure\n';
      if (!passed)
        for (const line of describe(data.details && data.details.error)) out += `# ${line}\n`;
      yield out;
    } else if (event.type === 'test:plan' && data.nesting === 0) {
      yield `BROWSER plan ${data.count}\n`;
    } else if (event.type === 'test:diagnostic' && data.nesting === 0) {
      yield `# ${data.message}\n`;
    }
  }
}
