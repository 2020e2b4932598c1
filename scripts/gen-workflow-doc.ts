import fs from 'node:fs';
import { workflowMarkdown } from '../src/modules/cases/workflow.doc.js';
fs.writeFileSync('docs/workflow.md', workflowMarkdown());
console.log('docs/workflow.md written');
