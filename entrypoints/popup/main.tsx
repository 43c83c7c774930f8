import { render } from 'preact';
render(<p>Poe Toolbar</p>, document.getElementById('app')!);
