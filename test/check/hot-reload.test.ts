// polling-on-import under a runner that reloads the program on change: a module that polls when
// imported is run again on every change; under `bun --hot` the entry is too (it re-evaluates in
// the process whose earlier poller still runs). Without such a runner, one importer is fine.
import { describe, expect, it } from 'vitest';

import { findConflicts } from '../../src/check/findings.js';
import { TokenGroups } from '../../src/core/token.js';
import { walkSourceFilesSync } from '../../src/project/files.js';
import { ProjectModel } from '../../src/project/model.js';
import { entryProject } from '../helpers/entry-project.js';

const project = entryProject();

function findings(dev: string, withServer = true) {
  project.write('src/bot.js', "const { Bot } = require('grammy');\n\nconst bot = new Bot(process.env.BOT_TOKEN);\nbot.start();\nmodule.exports = { bot };\n");
  if (withServer) project.write('src/server.js', "const http = require('node:http');\nconst { bot } = require('./bot');\n\nhttp.createServer((req, res) => res.end(String(bot.isInited()))).listen(3000);\n");
  project.writePackage({ scripts: { dev } });
  const model = new ProjectModel(project.root, walkSourceFilesSync(project.root));
  return findConflicts(model, new TokenGroups([])).map(({ kind, sites, message }) => ({ kind, sites, message }));
}

describe('polling-on-import under a reloading runner', () => {
  it.each([
    ['node --watch src/server.js', 'node --watch', 'restarts the process on every change'],
    ['tsx watch src/server.js', 'tsx watch', 'restarts the process on every change'],
    ['nodemon src/server.js', 'nodemon', 'restarts the process on every change'],
    ['bun --hot src/server.js', 'bun --hot', 'evaluates the module again inside the same process'],
  ])('%s: an imported module that polls is reported, naming the runner', (dev, runner, what) => {
    const found = findings(dev);
    expect(found.map(({ kind, sites }) => ({ kind, sites }))).toEqual([{ kind: 'polling-on-import', sites: [{ file: 'src/bot.js', line: 4 }] }]);
    expect(found[0]?.message).toContain(`script "dev" (src/server.js) runs under ${runner}, which ${what}`);
  });

  it('without a reloading runner, one importing process is not reported', () => {
    expect(findings('node src/server.js')).toEqual([]);
  });

  it('the entry that polls itself: reported under bun --hot, not under a runner that restarts the process', () => {
    const hot = findings('bun --hot src/bot.js', false);
    expect(hot.map(({ kind, sites }) => ({ kind, sites }))).toEqual([{ kind: 'polling-on-import', sites: [{ file: 'src/bot.js', line: 4 }] }]);
    expect(hot[0]?.message).toContain('src/bot.js starts polling when it is loaded. script "dev" (src/bot.js) runs under bun --hot');
    expect(findings('tsx watch src/bot.js', false)).toEqual([]);
    expect(findings('node --watch src/bot.js', false)).toEqual([]);
  });

  describe('vite-plugin-node: the Vite dev server evaluates its appPath module again on every change', () => {
    function viteFindings(appPath: string, dependsOnPlugin = true) {
      project.write('src/bot.js', "const { Bot } = require('grammy');\n\nconst bot = new Bot(process.env.BOT_TOKEN);\nbot.start();\nmodule.exports = { bot };\n");
      project.write('src/server.js', "const express = require('express');\nconst { bot } = require('./bot');\n\nexports.viteNodeApp = express().get('/', (req, res) => res.send(String(bot.isInited())));\n");
      project.write('vite.config.ts', `import { defineConfig } from 'vite';\nimport { VitePluginNode } from 'vite-plugin-node';\n\nexport default defineConfig({\n  plugins: [...VitePluginNode({ adapter: 'express', appPath: '${appPath}' })],\n});\n`);
      project.writePackage({ scripts: { dev: 'vite' }, devDependencies: dependsOnPlugin ? { vite: '^7.0.0', 'vite-plugin-node': '^7.0.0' } : { vite: '^7.0.0' } });
      const model = new ProjectModel(project.root, walkSourceFilesSync(project.root));
      return findConflicts(model, new TokenGroups([])).map(({ kind, sites, message }) => ({ kind, sites, message }));
    }

    it('an app module that imports a polling module is reported, naming the dev server', () => {
      const found = viteFindings('./src/server.js');
      expect(found.map(({ kind, sites }) => ({ kind, sites }))).toEqual([{ kind: 'polling-on-import', sites: [{ file: 'src/bot.js', line: 4 }] }]);
      expect(found[0]?.message).toContain('Vite dev server (src/server.js) runs under the Vite dev server (vite-plugin-node), which evaluates the module again inside the same process');
    });

    it('an app module that polls itself is reported too: it is evaluated again in the same process', () => {
      expect(viteFindings('./src/bot.js').map(({ kind, sites }) => ({ kind, sites }))).toEqual([{ kind: 'polling-on-import', sites: [{ file: 'src/bot.js', line: 4 }] }]);
    });

    it('a project that does not depend on vite-plugin-node has no Vite dev server process', () => {
      expect(viteFindings('./src/server.js', false)).toEqual([]);
    });
  });
});
