// A fresh process that loads remark and parses the given files once each: the floor a CLI built on remark has.
'use strict';
const fs = require('node:fs');
const { bareRemark } = require('../out/bench/suite.cjs');
for (const f of process.argv.slice(2)) bareRemark(fs.readFileSync(f, 'utf8'));
