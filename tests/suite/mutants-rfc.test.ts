// The deliberately broken variants of the reference under the rfc profile (the table: mutants.ts).
import { testMutants } from './mutants.js';

testMutants('rfc');
