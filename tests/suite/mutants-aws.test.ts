// The deliberately broken variants of the reference under the aws profile (the table: mutants.ts).
import { testMutants } from './mutants.js';

testMutants('aws');
