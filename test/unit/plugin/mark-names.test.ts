import assert from 'node:assert/strict';
import { catalogueNameFor, checkMarkNames } from '../../../plugin/mark-names.js';
import { InvalidMarksError, UnknownAnnotationError } from '../../../shared/errors.js';
import { addMark, deleteMark } from '../../../shared/marks.js';

describe('catalogueNameFor', () => {
  // A bare catalogue name in any case is read as the gitpod/ name it was meant to be.
  const meant: Record<string, string> = {
    closed: 'gitpod/closed',
    Closed: 'gitpod/closed',
    EXPLICITFAIL: 'gitpod/explicitFail',
    ownerToken: 'gitpod/ownerToken',
    'never-ready': 'gitpod/never-ready',
  };
  for (const [name, catalogueName] of Object.entries(meant)) {
    it(`should read "${name}" as ${catalogueName}`, () => assert.equal(catalogueNameFor(name), catalogueName));
  }
  // Prefixed, misspelled or unknown names are not.
  for (const name of ['gitpod/closed', 'example.com/closed', 'closedd', 'note']) {
    it(`should read "${name}" as no catalogue name`, () => assert.equal(catalogueNameFor(name), undefined));
  }
});

describe('checkMarkNames', () => {
  it('should refuse closed=true with a hint naming gitpod/closed and --force', () => {
    assert.throws(
      () => checkMarkNames([addMark('closed', 'true')], { force: false }),
      (err: unknown) =>
        err instanceof UnknownAnnotationError &&
        /"closed"/.test(err.message) &&
        /did you mean "gitpod\/closed"\?/.test(err.message) &&
        /--force/.test(err.message),
    );
  });

  it('should list every such mark, deletions too', () => {
    assert.throws(
      () => checkMarkNames([addMark('Closed', 'true'), deleteMark('never-ready'), addMark('note', 'x')], { force: false }),
      (err: unknown) => {
        assert.ok(err instanceof InvalidMarksError);
        assert.equal(err.problems.length, 2);
        assert.match(err.message, /gitpod\/closed[\s\S]*gitpod\/never-ready/);
        return true;
      },
    );
  });

  it('should accept them with --force, and accept names outside the catalogue', () => {
    checkMarkNames([addMark('closed', 'true')], { force: true });
    checkMarkNames([addMark('note', 'x'), addMark('example.com/closed', 'true'), addMark('gitpod/closed', 'true')], { force: false });
  });
});
