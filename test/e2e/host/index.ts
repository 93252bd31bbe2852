export { E2ESession, startSession, useSession, type SessionOptions } from './session';
export { Workbench, type ViewContent, type NotificationInfo, type ProblemRow } from './workbench';
export { BASE_SETTINGS } from './code-server';
export { FIXTURE_WORKSPACE, REPO_ROOT, TEST_RESULTS_DIR } from './paths';
export { fleetkitVersion } from './vsix';
export { startNpmStart, type NpmStart, type NpmStartReady } from './npm-start';
export { attachSimulator, signInToSimulator } from './simulator-account';
