// The evaluation panel's entry point (built by the panel work).
import { render } from 'preact';

const root = document.getElementById('root');
if (root) render(<p>Llamune</p>, root);
