// Run by scripts/deploy-check.sh, which renders the overlays first (DEPLOY_RENDERED_DIR).
module.exports = { ...require('../jest.preset.js')(__dirname), testTimeout: 240_000 };
