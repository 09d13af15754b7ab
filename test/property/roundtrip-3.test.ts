// Seeds 151-225 of the 300 that npm test runs (5,000 in all under npm run test:soak).
import { propertySuite } from './suite.js';

propertySuite(151, 75);
