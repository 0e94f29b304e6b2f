// Writing files so that a crash never leaves half of one (shared by every stage that writes).
export { writeAtomically } from './atomic-file.js';
export { writeFully } from './write-fully.js';
