import { mount } from 'svelte';
import App from './ui/App.svelte';
import { startServiceWorker } from './sw/register';
import './ui/app.css';

// Production builds: the service worker (offline use, cross-origin isolation); true means a reload is under way.
if (!(await startServiceWorker())) mount(App, { target: document.getElementById('app')! });
