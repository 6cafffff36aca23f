// Writes each Jest run's counts to .test-results/ so scripts/test.sh can print one closing line
// for the whole workspace ("N passed, N failed, N skipped")
// and the names of the tests that failed.
const fs = require('fs');
const path = require('path');

class SummaryReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }
  onRunComplete(_contexts, results) {
    const dir = path.join(__dirname, '..', '.test-results');
    fs.mkdirSync(dir, { recursive: true });
    const name = path.relative(path.join(__dirname, '..'), this.rootDir).replace(/[\\/]/g, '_') || 'root';
    const summary = {
      project: name,
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      // CI shows only the output's tail: the names of what failed travel to the closing lines.
      failures: results.testResults.flatMap((file) => {
        const where = path.relative(path.join(__dirname, '..'), file.testFilePath);
        if (file.testExecError) return [`${where}: ${String(file.testExecError.message).split('\n')[0]}`];
        return file.testResults.filter((t) => t.status === 'failed').map((t) => `${where}: ${t.fullName}`);
      }),
    };
    fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(summary));
  }
}
module.exports = SummaryReporter;
