// Node module-customization hooks (module.register) for the shell tests: the bare
// specifier `electron` (and `electron/main`) resolves to the stand-in module, as if
// Electron provided it; everything else resolves as usual.
let electronUrl;

export function initialize(data) {
  electronUrl = data.electronUrl;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: electronUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}
