// Writes each Jest run's counts to .test-results/ so scripts/test.sh can print one closing line
// for the whole workspace ("N passed, N failed, N skipped")
// and the names of the tests that failed.
const fs = require('fs');
const path = require('path');

const workspace = path.join(__dirname, '..');
const resultsDir = path.join(workspace, '.test-results');

/** A failure's message up to its stack, on one line: the closing lines say why, not only what. */
const gist = (message = '') => {
  const lines = message.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((line) => line.trim()).filter(Boolean);
  const stack = lines.findIndex((line) => line.startsWith('at '));
  return (stack < 0 ? lines : lines.slice(0, stack)).join(' | ').slice(0, 600);
};

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.name = path.relative(workspace, this.rootDir).replace(/[\\/]/g, '_') || 'root';
    // On two cores Jest runs a project's files in its own process: an error thrown after the last test
    // (a client's stray rejection) ends that process with exit code 1 and every test passed. The monitor
    // changes nothing of that; it only writes the error down so the closing lines can name it.
    process.on('uncaughtExceptionMonitor', (error, origin) => {
      fs.mkdirSync(resultsDir, { recursive: true });
      const message = `${this.name}: ${origin} in the Jest process: ${error?.stack ?? error}`;
      fs.appendFileSync(path.join(resultsDir, `${this.name}.crash.txt`), message + '\n');
    });
  }
  onRunComplete(_contexts, results) {
    fs.mkdirSync(resultsDir, { recursive: true });
    const summary = {
      project: this.name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      // CI shows only the output's tail: the names of what failed travel to the closing lines.
      failures: results.testResults.flatMap((file) => {
        const where = path.relative(workspace, file.testFilePath);
        if (file.testExecError) return [`${where}: ${String(file.testExecError.message).split('\n')[0]}`];
        return file.testResults.filter((t) => t.status === 'failed').map((t) => `${where}: ${t.fullName} :: ${gist(t.failureMessages[0])}`);
      }),
    };
    // Jest sets the exit code itself, every test passed, when a file logs after it finished ("Cannot log
    // after tests are done"): a stray client still running in the background.
    if (process.exitCode) summary.failures.push(`${this.name}: the Jest process's exit code was set to ${process.exitCode} during the run (a log after a file finished? search its output for "Cannot log after tests are done")`);
    fs.writeFileSync(path.join(resultsDir, `${this.name}.json`), JSON.stringify(summary));
  }
}
module.exports = SummaryReporter;
