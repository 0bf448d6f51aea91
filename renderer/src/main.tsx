// Renderer entry. (Filled in by the Mission Control window work.)
const root = document.getElementById('root');
if (root) root.textContent = 'Hermes Mission Control';
