/** This package's version, recorded in every manifest (keep in step with package.json). */
export const EDGEFUSE_VERSION = '0.1.0';
