/**
 * no-hardcoded-token: a Telegram bot token written into a string or template literal. Every copy
 * of the code (dev, prod, a colleague's laptop, CI) then polls the same bot, and Telegram ends all
 * but one getUpdates poller with 409 Conflict; the secret also leaks with the source.
 */
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';

import { createRule } from '../src/create-rule.js';
import { valueParent } from '../src/core/ast.js';
import type { GetScope } from '../src/core/scope.js';
import { botIdOf, envVarName, findTokens, TOKEN_IN_TEXT } from '../src/core/token.js';

export type MessageIds = 'hardcodedToken' | 'readFromEnv';

export type Options = [];

export const noHardcodedToken = createRule<Options, MessageIds>({
  name: 'no-hardcoded-token',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow Telegram bot tokens written into string and template literals',
      recommended: true,
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      hardcodedToken:
        'Hard-coded Telegram bot token of bot {{botId}}. Every copy of this code polls the same bot (409 Conflict) and the secret leaks with the source: read it from an environment variable.',
      readFromEnv: 'Read the token from `{{replacement}}` instead (in TypeScript its type is `string | undefined`).',
    },
    defaultOptions: [],
  },
  create(context) {
    const sourceCode = context.sourceCode;
    // Most files hold no token at all: skip them before any listener runs. `search` leaves the
    // shared regex's `lastIndex` as it was.
    if (sourceCode.text.search(TOKEN_IN_TEXT) === -1) return {};
    const getScope: GetScope = (node) => sourceCode.getScope(node);

    /** Reports every token in `value`, the static text of `node` (one report per occurrence). */
    function check(node: TSESTree.Node, value: string, suggest: () => TSESLint.SuggestionReportDescriptor<MessageIds>[]): void {
      if (value.indexOf(':') === -1) return;
      const matches = findTokens(value);
      if (matches.length === 0) return;
      // Suggest only when the literal is the whole token, never for a token inside a URL.
      const suggestion = botIdOf(value) !== undefined ? suggest() : [];
      const raw = sourceCode.text.slice(node.range[0], node.range[1]);
      let cursor = 0;
      for (const match of matches) {
        const botId = match.botId;
        // Point at the token itself; written with escapes it is not found in the source text,
        // then the whole literal is the location.
        const at = raw.indexOf(value.slice(match.index, match.index + match.length), cursor);
        let loc: TSESTree.SourceLocation = node.loc;
        if (at !== -1) {
          cursor = at + match.length;
          loc = {
            start: sourceCode.getLocFromIndex(node.range[0] + at),
            end: sourceCode.getLocFromIndex(node.range[0] + cursor),
          };
        }
        context.report({ loc, messageId: 'hardcodedToken', data: { botId }, suggest: suggestion });
      }
    }

    return {
      Literal(node) {
        if (typeof node.value === 'string') check(node, node.value, () => envSuggestion(node));
      },
      TemplateLiteral(node) {
        // Static parts only: a token split around `${…}` is not in the source, and
        // `${process.env.BOT_TOKEN}` is exactly how it should be written.
        for (const quasi of node.quasis) {
          const suggest = () => (node.expressions.length === 0 ? envSuggestion(node) : []);
          check(quasi, quasi.value.cooked ?? quasi.value.raw, suggest);
        }
      },
      JSXText(node) {
        check(node, node.value, () => []);
      },
    };

    function envSuggestion(literal: TSESTree.Literal | TSESTree.TemplateLiteral): TSESLint.SuggestionReportDescriptor<MessageIds>[] {
      const target = replacementOf(literal);
      if (!target) return [];
      const replacement = target.text ?? `process.env.${target.envName}`;
      const text = target.node.parent?.type === 'JSXAttribute' ? `{${replacement}}` : replacement;
      return [
        {
          messageId: 'readFromEnv',
          data: { replacement: text },
          fix: (fixer) => fixer.replaceText(target.node, text),
        },
      ];
    }

    /**
     * What replaces a literal that is exactly a token: `process.env.<NAME>` when the binding
     * names it, or the env read of a `process.env.X || '<token>'` default.
     */
    function replacementOf(literal: TSESTree.Node): { node: TSESTree.Node; envName?: string; text?: string } | undefined {
      // `'<token>' as const` cannot become `process.env.X as const`: the assertion goes too.
      let node: TSESTree.Node = literal;
      if (isConstAssertion(literal.parent)) node = literal.parent;
      const { parent, child } = valueParent(node);
      if (!parent) return undefined;
      const named = (name: string | undefined) => {
        const envName = name === undefined ? undefined : envNameOf(name);
        return envName ? { node, envName } : undefined;
      };
      switch (parent.type) {
        case 'VariableDeclarator':
          return parent.init === child && parent.id.type === 'Identifier' ? named(parent.id.name) : undefined;
        case 'Property':
          return parent.value === child && parent.parent.type === 'ObjectExpression' ? named(keyName(parent.key, parent.computed)) : undefined;
        case 'PropertyDefinition':
          return parent.value === child ? named(keyName(parent.key, parent.computed)) : undefined;
        case 'AssignmentExpression':
          if (parent.right !== child || parent.operator !== '=') return undefined;
          if (parent.left.type === 'Identifier') return named(parent.left.name);
          return parent.left.type === 'MemberExpression' ? named(keyName(parent.left.property, parent.left.computed)) : undefined;
        case 'AssignmentPattern':
          // `function start(token = '<token>')`, `const { token = '<token>' } = config`
          return parent.right === child && parent.left.type === 'Identifier' ? named(parent.left.name) : undefined;
        case 'JSXAttribute':
          return parent.value === child && parent.name.type === 'JSXIdentifier' ? named(parent.name.name) : undefined;
        case 'JSXExpressionContainer': {
          // `botToken={'<token>'}`: named by the attribute, already in braces.
          const attribute = parent.parent;
          return attribute.type === 'JSXAttribute' && attribute.name.type === 'JSXIdentifier' ? named(attribute.name.name) : undefined;
        }
        case 'LogicalExpression':
          // `process.env.BOT_TOKEN || '<token>'`: the env read alone, as it is written.
          if (parent.right !== child || parent.operator === '&&' || !isEnvRead(parent.left, getScope)) return undefined;
          return { node: parent, text: sourceCode.getText(parent.left) };
        default:
          return undefined;
      }
    }
  },
});

function isConstAssertion(node: TSESTree.Node | undefined): node is TSESTree.TSAsExpression | TSESTree.TSTypeAssertion {
  if (node?.type !== 'TSAsExpression' && node?.type !== 'TSTypeAssertion') return false;
  const type = node.typeAnnotation;
  return type.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && type.typeName.name === 'const';
}

function keyName(key: TSESTree.Node, computed: boolean): string | undefined {
  if (!computed && (key.type === 'Identifier' || key.type === 'PrivateIdentifier')) return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** `process.env.A`, or `process.env.A || process.env.B` (`??` too): reads of the environment only. */
function isEnvRead(node: TSESTree.Node, getScope: GetScope): boolean {
  if (node.type === 'MemberExpression') return envVarName(node, getScope) !== undefined;
  if (node.type === 'LogicalExpression' && node.operator !== '&&') return isEnvRead(node.left, getScope) && isEnvRead(node.right, getScope);
  return false;
}

/**
 * `telegramBotToken` -> `TELEGRAM_BOT_TOKEN`, `BOT_TOKEN` stays, `bot-token` -> `BOT_TOKEN`.
 * Undefined when no usable env var name comes out (empty, or starting with a digit).
 */
export function envNameOf(name: string): string | undefined {
  const snake = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z][A-Z0-9_]*$/.test(snake) ? snake : undefined;
}
