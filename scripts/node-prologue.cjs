// Runs first in every bundle, before any dependency is loaded: on a Node.js older than the
// minimum it prints one `error:` line (no stack trace) and exits 1. Kept to syntax every
// Node.js since 0.10 parses, so the check runs wherever the file is started.
(function () {
  var MIN_MAJOR = 20, MIN_MINOR = 9;
  var m = /^v(\d+)\.(\d+)\./.exec(process.version);
  var major = m ? Number(m[1]) : 0, minor = m ? Number(m[2]) : 0;
  if (major > MIN_MAJOR || (major === MIN_MAJOR && minor >= MIN_MINOR)) return;
  process.stderr.write('error: ' + require('path').basename(__filename) + ' needs Node.js ' + MIN_MAJOR + '.' + MIN_MINOR +
    ' or newer (22 or 24 recommended), found ' + process.version + ' at ' + process.execPath +
    ': install a supported Node.js and put it first on PATH\n');
  process.exit(1);
})();
