import { render } from 'preact';
import { ChatApp } from '@/components/ChatApp';

render(<ChatApp surface="popup" />, document.getElementById('app')!);
