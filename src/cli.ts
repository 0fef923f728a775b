console.log('plan-author');
