/**
 * Gives the AWS SDK's default credential chain a test key for the tests of this file (or
 * `describe` block), as a deployment's environment would, and puts the environment back after.
 * Call it at the top level of a test file or of a `describe`.
 * @public
 */
export function withTestAwsCredentials() {
  const saved = { ...process.env };
  beforeAll(() => {
    process.env.AWS_ACCESS_KEY_ID = 'test-key';
    process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  });
  afterAll(() => {
    process.env = saved;
  });
}
