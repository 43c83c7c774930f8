export default defineBackground(() => {
  console.log('Poe Toolbar background started');
});
