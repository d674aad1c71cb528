export { dominantScript, type Script } from './script.js';
