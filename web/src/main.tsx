// Entry point: mounts the app into #app.
import { render } from 'preact';
import { App } from './app.tsx';
import './styles/base.css';
import './styles/search.css';
import './styles/admin.css';

const root = document.getElementById('app');
if (root) render(<App />, root);
