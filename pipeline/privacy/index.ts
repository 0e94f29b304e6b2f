export {
  binomialMechanismConstants,
  binomialMechanismEpsilon,
  type BinomialMechanismParameters,
  type BinomialMechanismPrivacy,
} from './binomial-mechanism.js';
