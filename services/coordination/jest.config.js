// Its integration tests start the whole service and set up people, teams and policies over HTTP in
// their hooks: on a loaded two-core machine that outlasts Jest's default 5 s. A ceiling, not a wait.
module.exports = { ...require('../../jest.preset.js')(__dirname), testTimeout: 30_000 };
